RED = '\x1b[31m'
