def cprint(text, colour=None):
    print(text)
