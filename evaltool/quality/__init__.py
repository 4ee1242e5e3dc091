"""The learned, reference-free ``quality`` score of a segment pair: features and the shipped model."""
