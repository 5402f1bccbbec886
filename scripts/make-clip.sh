#!/usr/bin/env bash
# Makes bench/clip/person.y4m, the camera clip both sides of `make bench`
# send (ringlet join --video-file; Chromium --use-file-for-fake-video-capture):
# 2 s at 640×480 @ 30, looped, a pan and zoom over media/blur/testdata/
# astronaut.png with Gaussian sensor noise (luma σ 2, chroma σ 1). The output
# is the same bytes every time (seeded noise); the sha256 below says so.
set -euo pipefail
cd "$(dirname "$0")/.."
go run ./bench/cmd/ringlet-clip -src media/blur/testdata/astronaut.png -o bench/clip/person.y4m \
  -fps 30 -frames 60 -noise 2
sha256sum bench/clip/person.y4m
