import configparser
import datetime
import hashlib
import hmac
import os
import urllib.request


def load_credentials(profile="default"):
    key = os.environ.get("AWS_ACCESS_KEY_ID")
    secret = os.environ.get("AWS_SECRET_ACCESS_KEY")
    if key and secret:
        return key, secret
    config = configparser.ConfigParser()
    config.read(os.path.expanduser("~/.aws/credentials"))
    return config[profile]["aws_access_key_id"], config[profile]["aws_secret_access_key"]


def signed_get(endpoint, region="us-east-1"):
    key, secret = load_credentials()
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%d")
    signature = hmac.new(("AWS4" + secret).encode(), stamp.encode(), hashlib.sha256).hexdigest()
    request = urllib.request.Request(endpoint, headers={"Authorization": f"AWS4-HMAC-SHA256 Credential={key}/{stamp}/{region}, Signature={signature}"})
    return urllib.request.urlopen(request).read()
