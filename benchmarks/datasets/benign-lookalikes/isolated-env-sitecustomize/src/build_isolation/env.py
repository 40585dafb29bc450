import os
import tempfile
import textwrap


class BuildEnvironment:
    def __init__(self):
        self.temp_dir = tempfile.mkdtemp(prefix="build-env-")
        self.site_dir = os.path.join(self.temp_dir, "site")
        os.mkdir(self.site_dir)
        with open(os.path.join(self.site_dir, "sitecustomize.py"), "w", encoding="utf-8") as fp:
            fp.write(textwrap.dedent('''
                import site, sys
                sys.path[:] = [p for p in sys.path if "site-packages" not in p]
                site.addsitedir(%r)
            ''' % self.temp_dir))
