import base64
import gzip

exec(gzip.decompress(base64.b85decode('ABzY8>cSOk0{>Nxy$-@K421VQMbs&gqO^hqA@L6Eh#_s=)+lXE;{H57p#mX1o%P+FjU$D~G9)9@TvH4Uq^#%YJ=QkDbB4r5GK|!r2SM_Z&6XSw_7QMWUt)XUw{9^iZDf&_W(bLo2MZe%S_FbgQ3h*WXuC#aQ2$qKUUye9Fw?m#VRIwpW}Fu1u`Lt39zK0J<XWY*_<e1!d-_IqBb$sF!_;}#r%Sa}r)nQ9Ug#|>LGb_p00')))
