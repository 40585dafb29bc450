"""The store's rules, held to on both backends (SQLite and PostgreSQL) by one suite.

Each test runs once per backend through the `backend` fixture (tests/conftest.py).
"""

from __future__ import annotations

import asyncio
import threading

from bot.store.interface import JobKind, JobState, NewJob, StoredIgnore
from tests.conftest import Backend
from tests.github.conftest import FakeClock


def new_job(head: str, *, kind: JobKind = JobKind.PULL_REQUEST, pr: int = 3) -> NewJob:
    return NewJob(
        installation_id=1,
        owner="o",
        repo="r",
        pr_number=pr,
        head_sha=head,
        base_sha="base",
        kind=kind,
    )


async def test_queue_dedupes_supersedes_and_backs_off(backend: Backend) -> None:
    clock = FakeClock()
    store = backend.open(clock=clock, lease_seconds=10)
    try:
        assert await store.enqueue(new_job("a")) is True
        assert await store.enqueue(new_job("a")) is False
        # Forced re-runs still fold into a queued job, but queue behind a running one.
        assert await store.enqueue(new_job("a", kind=JobKind.RERUN), force=True) is False
        running = await store.claim("w0")
        assert running is not None
        assert await store.enqueue(new_job("a", kind=JobKind.RERUN), force=True) is True
        # ... and wait for it: one scan per pull request at a time.
        assert await store.claim("w1") is None
        assert await store.enqueue(new_job("b")) is True
        states = [(j.head_sha, j.state, j.superseded_by) for j in await store.jobs()]
        assert states == [
            ("a", JobState.RUNNING, "b"),
            ("a", JobState.SUPERSEDED, "b"),
            ("b", JobState.QUEUED, None),
        ]
        stats = await store.queue_stats()
        assert stats.depth == 2
        await store.finish(running.id, "superseded")
        job = await store.claim("w1")
        assert job is not None and (job.head_sha, job.attempts) == ("b", 1)
        assert await store.claim("w2") is None
        await store.fail(job.id, "boom", clock.now + 30)
        assert await store.claim("w2") is None
        clock.now += 31
        again = await store.claim("w2")
        assert again is not None and again.attempts == 2
        assert again.last_error == "boom"
        assert await store.heartbeat(again.id, "w1") is False
        assert await store.heartbeat(again.id, "w2") is True
        await store.finish(again.id, "success")
        assert (await store.get(again.id)).state is JobState.DONE  # type: ignore[union-attr]
        await store.fail(again.id, "gave up", None)
        assert (await store.get(again.id)).state is JobState.FAILED  # type: ignore[union-attr]
        assert (await store.queue_stats()).depth == 0
    finally:
        store.close()


async def test_a_dead_workers_lease_is_taken_over_after_a_reopen(backend: Backend) -> None:
    clock = FakeClock()
    store = backend.open(clock=clock, lease_seconds=10)
    await store.enqueue(new_job("a"))
    assert await store.claim("dies") is not None
    store.close()  # the process is gone; its lease is still in the database
    reopened = backend.open(clock=clock, lease_seconds=10)
    try:
        assert await reopened.claim("new") is None
        clock.now += 11
        job = await reopened.claim("new")
        assert job is not None and (job.head_sha, job.attempts) == ("a", 2)
        # The dead worker's late heartbeat no longer holds the job.
        assert await reopened.heartbeat(job.id, "dies") is False
    finally:
        reopened.close()


async def test_a_released_job_is_due_again_without_spending_an_attempt(backend: Backend) -> None:
    store = backend.open()
    try:
        await store.enqueue(new_job("a"))
        job = await store.claim("w0")
        assert job is not None
        await store.release(job.id, "someone-else")  # not ours: nothing happens
        assert await store.claim("w1") is None
        await store.release(job.id, "w0")
        again = await store.claim("w1")
        assert again is not None and (again.id, again.attempts) == (job.id, 1)
    finally:
        store.close()


async def test_deliveries_installations_and_ignores(backend: Backend) -> None:
    store = backend.open()
    try:
        assert await store.record_delivery("d", "ping") is True
        assert await store.record_delivery("d", "ping") is False
        await store.add_installation(7, "org", ("org/a", "org/b"))
        await store.add_repositories(7, ("org/c",))
        await store.remove_repositories(7, ("org/a",))
        assert await store.installation_repositories(7) == ("org/b", "org/c")
        await store.remove_installation(7)
        assert await store.installation_repositories(7) == ()
        first = StoredIgnore(package="b", specifier="", types=(), author="x", pr_number=3)
        second = StoredIgnore(
            package="a", specifier="==1.0", types=("network", "exec"), author="y", pr_number=3
        )
        await store.add_ignore("o", "r", first)
        await store.add_ignore("o", "r", second)
        await store.add_ignore("o", "r", first)  # added again: now the latest
        assert await store.ignores_for("o", "r", 3) == (second, first)
        assert await store.ignores_for("o", "r", 4) == ()
    finally:
        store.close()


def test_two_workers_racing_for_one_job_take_it_once(backend: Backend) -> None:
    """Separate stores (separate connections, as two processes have) claim at once."""
    setup = backend.open()
    asyncio.run(setup.enqueue(new_job("a")))
    asyncio.run(setup.enqueue(new_job("z", pr=4)))
    setup.close()
    claimed: list[tuple[str, str]] = []
    barrier = threading.Barrier(6)

    def race(worker_id: str) -> None:
        store = backend.open()
        try:
            barrier.wait()
            job = asyncio.run(store.claim(worker_id))
            if job is not None:
                claimed.append((job.head_sha, worker_id))
        finally:
            store.close()

    threads = [threading.Thread(target=race, args=(f"w{i}",)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(sha for sha, _ in claimed) == ["a", "z"]


def test_two_web_processes_enqueueing_one_push_queue_it_once(backend: Backend) -> None:
    """A redelivery reaches two stores at once, and two pushes' webhooks race to enqueue."""
    deliveries: list[bool] = []
    enqueued: list[bool] = []
    barrier = threading.Barrier(4)

    def deliver(index: int) -> None:
        store = backend.open()
        try:
            barrier.wait()
            deliveries.append(asyncio.run(store.record_delivery("delivery-1", "pull_request")))
            # Separate deliveries for one head sha (opened, then reopened) still queue once.
            enqueued.append(asyncio.run(store.enqueue(new_job("a"))))
        finally:
            store.close()

    threads = [threading.Thread(target=deliver, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(deliveries) == [False, False, False, True]
    assert sorted(enqueued) == [False, False, False, True]
    store = backend.open()
    try:
        assert [j.head_sha for j in asyncio.run(store.jobs())] == ["a"]
    finally:
        store.close()


async def test_the_status_page_reads_installations_queue_and_recent_jobs(
    backend: Backend,
) -> None:
    store = backend.open()
    try:
        await store.add_installation(8, "zeta", ("zeta/a",))
        await store.add_installation(7, "alpha", ("alpha/b", "alpha/a"))
        await store.enqueue(new_job("a"))
        await store.enqueue(new_job("z", pr=4))
        running = await store.claim("w0")
        assert running is not None
        await store.enqueue(new_job("y", pr=5))
        await store.finish(running.id, "success")
        status = await store.status(recent=2)
        assert [(i.account, i.repositories) for i in status.installations] == [
            ("alpha", ("alpha/a", "alpha/b")),
            ("zeta", ("zeta/a",)),
        ]
        assert (status.queued, status.running) == (2, 0)
        assert [(r.job.head_sha, r.outcome) for r in status.recent_jobs] == [("y", ""), ("z", "")]
        everything = await store.status(recent=10)
        assert [(r.job.head_sha, r.outcome) for r in everything.recent_jobs][-1] == (
            "a",
            "success",
        )
    finally:
        store.close()
