"""Understanding an article: the actors, places and times it mentions, with their spans."""
