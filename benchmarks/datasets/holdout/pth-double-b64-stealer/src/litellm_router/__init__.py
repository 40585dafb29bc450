def completion(model, messages):
    return None
