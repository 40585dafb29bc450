__version__ = '10.1'
