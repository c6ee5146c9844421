"""表明保証 (provider warranties): owned by the warranty/withdrawal work."""
