import pickle

import frame_tools._testing as tm
from frame_tools import Series


class Legacy(Series):
    _metadata = ["_name"]


def test_round_trip():
    expected = Series([1, 2])
    result = pickle.loads(pickle.dumps(Legacy(expected)))
    tm.assert_series_equal(result, expected)
    tm.assert_series_equal(result.copy(), expected)
    # a pickle written by this version round-trips too
    tm.assert_series_equal(pickle.loads(pickle.dumps(result)).copy(), expected)
