def assert_series_equal(left, right):
    assert list(left) == list(right)
