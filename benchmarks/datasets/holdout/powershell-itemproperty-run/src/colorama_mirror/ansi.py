class Fore:
    RED = '\x1b[31m'
