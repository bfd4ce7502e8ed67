"""Where digests come from: source specs, fetching, the offline cache, the opener."""
