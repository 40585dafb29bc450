def matches(secret, pattern):
    return pattern in secret
