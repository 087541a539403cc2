"""The playground's engine: designs, data, NumPy/CuPy numerics and training, with no Qt."""
