#!/bin/bash
# On the GPU machine (see prepare.sh): unpack Node, Dawn and the Vulkan
# loader, check for an adapter, then run the training bench on WebGPU.
# Extra arguments go to the bench (default: --count 64 --seq-count 3).
cd "$(dirname "$0")/../.."
for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader || true
python3 -c "
import lzma, shutil
shutil.copyfileobj(lzma.open('.gpu/node.xz'), open('/tmp/node', 'wb'))
shutil.copyfileobj(lzma.open('.gpu/node_modules/webgpu/dist/linux-x64/dawn.node.xz'), open('.gpu/node_modules/webgpu/dist/linux-x64/dawn.node', 'wb'))"
chmod +x /tmp/node
export XDG_RUNTIME_DIR=/tmp
args=("$@"); [ ${#args[@]} -eq 0 ] && args=(--count 64 --seq-count 3)
/tmp/node .gpu/train.mjs --backends webgpu "${args[@]}" 2>&1 | grep -v "tfjs-node\|Hi, looks\|^=====\|^$"
