# otebox without a Rust toolchain:
#   docker build -t otebox .
#   docker run --rm -p 8765:8765 otebox
# (podman: `podman build --format docker -t otebox .` keeps the HEALTHCHECK,
# which the OCI image format has no field for.)

# --- build: the release binary ------------------------------------------------
FROM rust:1.95-slim-bookworm AS build
WORKDIR /src

# Dependencies first, in a layer of their own that source edits do not
# invalidate: a manifest with stub targets (the [[bench]] files named in
# Cargo.toml must exist for cargo to read it) builds every dependency.
COPY Cargo.toml Cargo.lock ./
RUN mkdir -p src benches \
    && echo 'fn main() {}' > src/main.rs \
    && touch src/lib.rs \
    && for bench in $(awk '/^\[\[bench\]\]/{b=1;next} /^\[/{b=0} b&&/^name/{gsub(/"/,"",$3); print $3}' Cargo.toml); do \
           echo 'fn main() {}' > "benches/$bench.rs"; \
       done \
    && cargo build --release --locked --bin otebox \
    && rm -rf src

# Then the crate itself; touch so cargo does not take the stubs' build as fresh.
COPY src src
RUN touch src/main.rs src/lib.rs \
    && cargo build --release --locked --bin otebox \
    && cp target/release/otebox /usr/local/bin/otebox

# --- run: a small non-root image ----------------------------------------------
# Same Debian release as the build stage, so the binary's glibc matches.
FROM debian:bookworm-slim
RUN useradd --uid 10001 --user-group --no-create-home --home-dir /data --shell /usr/sbin/nologin otebox \
    && mkdir /data \
    && chown otebox:otebox /data
COPY --from=build /usr/local/bin/otebox /usr/local/bin/otebox

# Listen on every interface inside the container (the default, 127.0.0.1,
# cannot be reached through `-p`); state such as the local TLS CA goes to /data.
ENV OTEBOX_LISTEN=0.0.0.0:8765 \
    OTEBOX_DATA_DIR=/data
EXPOSE 8765
VOLUME ["/data"]
USER otebox:otebox
WORKDIR /data

# GET /healthz answers 200 `ok`. bash (in every Debian image) speaks the HTTP
# itself, so the image needs no curl; the port follows OTEBOX_LISTEN.
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${OTEBOX_LISTEN##*:} && printf 'GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && read -r status <&3 && [[ $status == *' 200 '* ]]"]

ENTRYPOINT ["/usr/local/bin/otebox"]
