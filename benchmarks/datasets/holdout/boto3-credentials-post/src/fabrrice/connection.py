class Connection:
    def __init__(self, host):
        self.host = host
