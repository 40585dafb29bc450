class Pingdom:
    def checks(self):
        return []
