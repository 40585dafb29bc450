def get(url):
    return None
