def compile(target):
    return target
