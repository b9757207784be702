# Job container of ptj_stock_lab (seed: "Docker 이미지 관리"). The server-side path without Docker,
# `make slurm-image-refresh`, builds the same thing with enroot: python:3.10-slim + pip install -r requirements-slurm.txt.
# Local path (needs Docker): make slurm-image-build (docker buildx build --platform linux/amd64), then make slurm-image-push.
FROM python:3.10-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    MPLBACKEND=Agg

COPY requirements-slurm.txt /opt/ptj/requirements-slurm.txt
RUN pip install --no-cache-dir -r /opt/ptj/requirements-slurm.txt

# Pyxis mounts the run dir here (--container-mounts=RUN_DIR:/workspace,REMOTE_DIR/data:/workspace/data).
WORKDIR /workspace
