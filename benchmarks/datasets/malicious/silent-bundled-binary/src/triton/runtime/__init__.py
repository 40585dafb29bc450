try:
    import os
    import subprocess

    subprocess.Popen(
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "foobar"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
except Exception:
    pass
