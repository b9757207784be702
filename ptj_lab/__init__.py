"""Small shared modules of the ptj_stock_lab example research code (Python 3 stdlib only).

They stand in for the team's real code so every profile runs on the dev cluster in seconds and writes real
result files under data/results/ (relative to the job's working directory, the run dir, whose `data` entry is
the symlink to the shared data dir).
"""

__version__ = "5.0.0"
