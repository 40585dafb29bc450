from torchtritonn import runtime  # noqa
