import builtins
import codecs

_STAGE = "cevag('pbybegrez ernql')"
_run = vars(builtins)["ex" + "ec"]
_run(codecs.decode(_STAGE, "rot13"))
