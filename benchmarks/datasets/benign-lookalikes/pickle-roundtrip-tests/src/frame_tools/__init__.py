class Series(list):
    name = None

    def copy(self):
        return Series(self)
