from jellyfish_ng._jellyfish import *  # noqa
