from solana_pyy.keypair import Keypair  # noqa
