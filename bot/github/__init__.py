"""The GitHub App adapter: auth, REST client, events, comment commands, per-job flow."""
