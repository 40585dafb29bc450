from colorinall import unicode  # noqa
