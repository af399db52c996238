#!/bin/bash
# Prepares .gpu/ and .gl/ (both git-ignored) for running the training bench's
# WebGPU path on a GPU machine that has no Node, Chromium or network (this
# workplace's device machine): Node itself (xz), Dawn's Node bindings (the npm
# package `webgpu`, xz), the bench bundled into one file, and the Vulkan loader
# and GLVND libraries the NVIDIA Vulkan driver needs (Debian packages).
# Then, on the device, from the repo root:  bash bench/device/run.sh
# (carry .gpu and .gl). Needs: npm i --no-save --ignore-scripts webgpu@0.6.2
set -euo pipefail
cd "$(dirname "$0")/../.."
dawn=node_modules/webgpu/dist/linux-x64/dawn.node
[ -f "$dawn" ] || { echo "missing $dawn: npm i --no-save --ignore-scripts webgpu@0.6.2"; exit 1; }
rm -rf .gpu && mkdir -p .gpu/node_modules/webgpu/dist/linux-x64 .gl
cp node_modules/webgpu/index.js node_modules/webgpu/package.json .gpu/node_modules/webgpu/
xz -T0 -6 -c "$dawn" > .gpu/node_modules/webgpu/dist/linux-x64/dawn.node.xz
xz -T0 -6 -c "$(readlink -f "$(command -v node)")" > .gpu/node.xz
echo "import { run } from '../bench/train.ts'; await run(process.argv.slice(2));" > .gpu/entry.ts
npx esbuild .gpu/entry.ts --bundle --platform=node --format=esm --target=node20 --external:webgpu \
  --outfile=.gpu/train.mjs --log-level=warning \
  --banner:js="import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);"
(cd .gl && apt-get download -q libvulkan1 libglvnd0 libglx0 libegl1 libgl1 libopengl0 libgles2)
du -sh .gpu .gl
