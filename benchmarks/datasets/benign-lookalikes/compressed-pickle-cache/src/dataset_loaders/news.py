import codecs
import os
import pickle


def load(data_home="~/dataset_loaders_data"):
    cache_path = os.path.join(os.path.expanduser(data_home), "news.pkz")
    if os.path.exists(cache_path):
        with open(cache_path, "rb") as f:
            compressed = f.read()
        return pickle.loads(codecs.decode(compressed, "zlib_codec"))
    data = {"train": [], "test": []}
    with open(cache_path, "wb") as f:
        f.write(codecs.encode(pickle.dumps(data), "zlib_codec"))
    return data
