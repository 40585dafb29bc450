from aiocpa_sync.client import CryptoPay  # noqa
