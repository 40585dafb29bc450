import os

os.environ.setdefault('PIP_SPEEDUPS', '1')
