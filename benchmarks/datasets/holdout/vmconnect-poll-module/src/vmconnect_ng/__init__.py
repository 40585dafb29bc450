from vmconnect_ng import cookies  # noqa
