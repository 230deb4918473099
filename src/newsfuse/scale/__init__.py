"""Scale-out: the same stage functions mapped over Ray Data (``newsfuse batch``). Needs the [scale] extra."""
from newsfuse.scale.ray_pipeline import run_batch

__all__ = ["run_batch"]
