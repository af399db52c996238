// The three.js manifold view: one THREE.Points draw call with typed-array attributes
// updated in place, a circular point sprite drawn in the fragment shader, orbit controls,
// render-on-demand, and screen-space picking (see picking.ts).
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { projectToClient } from './picking';
import { ScreenPicker } from './explore/screen-picker';
import { defaultView, topDownView, type CameraPose } from './explore/defaultView';

const VERTEX_SHADER = /* glsl */ `
  attribute vec3 pointColor;
  attribute float pointVisible;
  attribute float highlight;
  attribute float pointScale; // size-by factor (1 = base size)
  attribute float dimmed;     // 1 = outside the current selection
  uniform float uPixelRatio;
  uniform float uSize;
  uniform vec2 uFogRange;     // view depths where the depth cue starts and ends
  uniform float uFogAmount;   // 0 = no depth cue
  uniform float uAttenRef;    // view depth at which perspective attenuation is 1
  varying vec3 vColor;
  varying float vVisible;
  varying float vHighlight;
  varying float vDimmed;
  varying float vFog;
  void main() {
    vColor = pointColor;
    vVisible = pointVisible;
    vHighlight = highlight;
    vDimmed = highlight > 0.5 ? 0.0 : dimmed;
    vec4 mv = modelViewMatrix * vec4(position, 1.0);
    gl_Position = projectionMatrix * mv;
    vFog = uFogAmount * smoothstep(uFogRange.x, uFogRange.y, -mv.z);
    // Mild perspective attenuation relative to the default view's distance, clamped so points stay pickable at any zoom.
    float atten = clamp(uAttenRef / max(-mv.z, 1e-3), 0.6, 2.2);
    float grow = highlight > 1.5 ? 1.8 : (highlight > 0.5 ? 1.5 : 1.0);
    float shrink = vDimmed > 0.5 ? 0.75 : 1.0;
    gl_PointSize = uSize * uPixelRatio * atten * grow * shrink * pointScale * pointVisible;
  }
`;

const FRAGMENT_SHADER = /* glsl */ `
  uniform vec3 uBackground;
  uniform float uOpacity;
  varying vec3 vColor;
  varying float vVisible;
  varying float vHighlight;
  varying float vDimmed;
  varying float vFog;
  void main() {
    if (vVisible < 0.5) discard;
    vec2 p = gl_PointCoord * 2.0 - 1.0;
    float r = length(p);
    if (r > 1.0) discard;
    // Unselected points dim (desaturated, pulled toward the background) but stay visible.
    float grey = dot(vColor, vec3(0.299, 0.587, 0.114));
    vec3 base = vDimmed > 0.5 ? mix(mix(vec3(grey), vColor, 0.25), uBackground, 0.5) : vColor;
    // Dark rim separates overlapping points; hovered/selected get a light ring.
    vec3 rim = vHighlight > 0.5 ? vec3(1.0) : vec3(0.05, 0.06, 0.08);
    float rimWidth = vHighlight > 0.5 ? 0.32 : 0.16;
    float t = smoothstep(1.0 - rimWidth - 0.08, 1.0 - rimWidth, r);
    vec3 c = mix(mix(base, rim, t), uBackground, vFog);
    gl_FragColor = vec4(c, vDimmed > 0.5 ? uOpacity * 0.8 : uOpacity);
  }
`;

/** Style of the drawn points (see state/explore.ts ManifoldViewSettings). */
export interface PointStyle {
  pointSize: number;
  opacity: number;
  fog: boolean;
}

export const BACKGROUND = 0x0d1117;
const TRANSITION_MS = 650;
const WORLD_UP = new THREE.Vector3(0, 1, 0);
/**
 * Where the default view may put the cloud: the parts of the view the overlays leave free
 * (explore.css, polish.css), as pixel insets from each edge. Always right of the tool rail
 * (10 + 46 px) and below the provenance line (10 + 27 px); then either above the view card
 * (bottom-left, 10 + ~130 px tall) or right of it (10 + 242 px) and above the bottom row
 * (10 + 33 px). The cloud goes into whichever shows it larger.
 */
const FRAME_AREAS = [
  { left: 66, right: 14, top: 44, bottom: 148 },
  { left: 264, right: 14, top: 44, bottom: 52 },
];
/** Extra room for a point's radius: the areas bound point centres. */
const FRAME_POINT_PAD = 8;

export interface ProjectedPoints {
  screen: Float32Array;
  visible: Uint8Array;
}

/**
 * Every point as the shader draws it, for the vector figure (explore/manifoldFigure.ts):
 * canvas-relative CSS pixels, view depth, radius (size, perspective, hover/selection growth,
 * dimmed shrink), depth-cue amount and state. drawn[i] = 1 when point i is on screen.
 */
export interface FigureGeometry {
  width: number;
  height: number;
  /** 2N: x, y in CSS pixels from the canvas' top-left corner. */
  xy: Float32Array;
  drawn: Uint8Array;
  /** Distance in front of the camera (larger = farther). */
  depth: Float32Array;
  radius: Float32Array;
  /** 0..1: how far the depth cue pulls the colour toward the background. */
  fog: Float32Array;
  dimmed: Uint8Array;
  /** 0 none, 1 hovered, 2 inspected. */
  highlight: Uint8Array;
  opacity: number;
}

export class ManifoldScene {
  readonly renderer: THREE.WebGLRenderer;
  readonly camera: THREE.PerspectiveCamera;
  readonly controls: OrbitControls;
  private readonly scene = new THREE.Scene();
  private readonly geometry = new THREE.BufferGeometry();
  private readonly material: THREE.ShaderMaterial;
  private readonly points: THREE.Points;
  private readonly resizeObserver: ResizeObserver;
  private positions = new Float32Array(0);
  private mask = new Uint8Array(0);
  private colors = new Float32Array(0);
  private visibleAttr = new Float32Array(0);
  private highlightAttr = new Float32Array(0);
  private scaleAttr = new Float32Array(0);
  private dimAttr = new Float32Array(0);
  /** Where the points are going (3-D); `positions` is what is drawn now (mid-transition it differs). */
  private targetPositions = new Float32Array(0);
  private animFrom = new Float32Array(0);
  private animStart = -1;
  private twoD = false;
  private screen = new Float32Array(0);
  private screenVisible = new Uint8Array(0);
  private frame = 0;
  private disposed = false;
  /** Bumped whenever drawn positions or the drawn mask change (hover picking's grid key). */
  private positionsVersion = 0;
  private readonly projectionMatrix = new THREE.Matrix4();
  /** Hover picking through a screen-space grid rebuilt in idle time (explore/screen-picker.ts). */
  private readonly picker = new ScreenPicker({
    viewKey: (out) => {
      this.camera.updateMatrixWorld();
      out.set(this.camera.matrixWorld.elements, 0);
      out.set(this.camera.projectionMatrix.elements, 16);
      const r = this.renderer.domElement.getBoundingClientRect();
      out[32] = r.left;
      out[33] = r.top;
      out[34] = r.width;
      out[35] = r.height;
      out[36] = this.positionsVersion;
    },
    project: () => this.project(),
    rect: () => this.renderer.domElement.getBoundingClientRect(),
  });
  /** Called after every rendered frame (e.g. to move an overlay that follows a point). */
  onRender: (() => void) | null = null;

  constructor(private readonly container: HTMLElement) {
    this.renderer = new THREE.WebGLRenderer({ antialias: true, alpha: false });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.renderer.setClearColor(BACKGROUND, 1);
    this.renderer.domElement.style.display = 'block';
    this.renderer.domElement.style.width = '100%';
    this.renderer.domElement.style.height = '100%';
    container.appendChild(this.renderer.domElement);

    this.camera = new THREE.PerspectiveCamera(45, 1, 0.01, 100);
    // Placeholder until points arrive: resetCamera() then frames them (explore/defaultView.ts).
    this.camera.position.set(1.55, 1.05, 1.95);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.controls.enableDamping = true;
    this.controls.dampingFactor = 0.12;
    this.controls.minDistance = 0.3;
    this.controls.maxDistance = 12;
    this.controls.addEventListener('change', () => this.requestRender());

    this.material = new THREE.ShaderMaterial({
      vertexShader: VERTEX_SHADER,
      fragmentShader: FRAGMENT_SHADER,
      uniforms: {
        uPixelRatio: { value: this.renderer.getPixelRatio() },
        uSize: { value: 13 },
        uFogRange: { value: new THREE.Vector2(2, 4) },
        uFogAmount: { value: 0.7 },
        uAttenRef: { value: 3 },
        uBackground: { value: new THREE.Color(BACKGROUND) },
        uOpacity: { value: 1 },
      },
      depthTest: true,
      depthWrite: true,
    });
    this.points = new THREE.Points(this.geometry, this.material);
    this.points.frustumCulled = false;
    this.scene.add(this.points);
    this.scene.add(makeAxes());

    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(container);
    this.resize();
  }

  /**
   * Sets point positions (3N, already normalised) and the drawn mask; reuses buffers when N is unchanged.
   * animate: glide from the current positions (same N only) instead of jumping.
   */
  setPoints(positions: Float32Array, mask: Uint8Array, animate = false): void {
    const n = mask.length;
    const sameSize = n === this.mask.length;
    if (!sameSize) {
      this.positions = new Float32Array(n * 3);
      this.targetPositions = new Float32Array(n * 3);
      this.animFrom = new Float32Array(n * 3);
      this.colors = new Float32Array(n * 3);
      this.visibleAttr = new Float32Array(n);
      this.highlightAttr = new Float32Array(n);
      this.scaleAttr = new Float32Array(n).fill(1);
      this.dimAttr = new Float32Array(n);
      this.mask = new Uint8Array(n);
      this.screen = new Float32Array(n * 2);
      this.screenVisible = new Uint8Array(n);
      this.geometry.setAttribute('position', new THREE.BufferAttribute(this.positions, 3));
      this.geometry.setAttribute('pointColor', new THREE.BufferAttribute(this.colors, 3));
      this.geometry.setAttribute('pointVisible', new THREE.BufferAttribute(this.visibleAttr, 1));
      this.geometry.setAttribute('highlight', new THREE.BufferAttribute(this.highlightAttr, 1));
      this.geometry.setAttribute('pointScale', new THREE.BufferAttribute(this.scaleAttr, 1));
      this.geometry.setAttribute('dimmed', new THREE.BufferAttribute(this.dimAttr, 1));
    }
    this.targetPositions.set(positions);
    this.mask.set(mask);
    this.positionsVersion++;
    for (let i = 0; i < n; i++) this.visibleAttr[i] = mask[i];
    this.markDirty('pointVisible');
    this.startTransition(animate && sameSize);
  }

  /** 2-D mode: points glide onto the z = 0 plane and the camera looks straight down, rotation locked. */
  setTwoD(on: boolean): void {
    if (on === this.twoD) return;
    this.twoD = on;
    this.applyFog();
    this.controls.enableRotate = !on;
    if (on) {
      const d = Math.max(1.2, this.camera.position.distanceTo(this.controls.target));
      this.camera.position.set(this.controls.target.x, this.controls.target.y, this.controls.target.z + d);
      this.camera.up.set(0, 1, 0);
      this.syncControlsUp();
      this.controls.update();
    }
    this.startTransition(this.mask.length > 0);
  }

  /** Background colour (presenter mode's light projector theme); the fog and dimming blend towards it. */
  setBackground(color: number): void {
    this.renderer.setClearColor(color, 1);
    (this.material.uniforms.uBackground.value as THREE.Color).set(color);
    this.requestRender();
  }

  /** Points currently drawn dimmed (outside the selection). */
  get dimmedCount(): number {
    let c = 0;
    for (let i = 0; i < this.dimAttr.length; i++) c += this.dimAttr[i];
    return c;
  }

  get isTwoD(): boolean {
    return this.twoD;
  }

  private paths: THREE.LineSegments | null = null;
  /** Vertices of the training paths (3 floats each): the default view frames them with the points. */
  private pathVertices: Float32Array | null = null;
  private reframeOnPaths: 'shown' | 'hidden' | null = null;

  /** When paths are next shown ('shown', entering trajectory mode) or hidden ('hidden', leaving it), also reframe the camera. */
  reframeWithNextPaths(when: 'shown' | 'hidden'): void {
    this.reframeOnPaths = when;
  }

  /** Training paths as line segments (6 floats each), or null to hide them. */
  setPaths(segments: Float32Array | null): void {
    this.pathVertices = segments && segments.length ? segments : null;
    if (this.paths) {
      this.scene.remove(this.paths);
      this.paths.geometry.dispose();
      (this.paths.material as THREE.Material).dispose();
      this.paths = null;
    }
    if (segments && segments.length) {
      const g = new THREE.BufferGeometry();
      g.setAttribute('position', new THREE.BufferAttribute(segments, 3));
      const m = new THREE.LineBasicMaterial({ color: 0x8fb8c9, transparent: true, opacity: 0.28, depthWrite: false });
      this.paths = new THREE.LineSegments(g, m);
      this.paths.frustumCulled = false;
      this.paths.renderOrder = -1;
      this.scene.add(this.paths);
    }
    if (this.reframeOnPaths === (this.pathVertices ? 'shown' : 'hidden')) {
      this.reframeOnPaths = null;
      this.resetCamera();
    }
    this.requestRender();
  }

  /** Per-point size factors (1 = base size); length N. */
  setSizes(scale: Float32Array): void {
    if (scale.length !== this.scaleAttr.length) return;
    this.scaleAttr.set(scale);
    this.markDirty('pointScale');
    this.requestRender();
  }

  /** selected[i] = 0 dims point i; null (no active selection) dims none. */
  setDimmed(selected: Uint8Array | null): void {
    const n = this.dimAttr.length;
    if (selected && selected.length !== n) return;
    for (let i = 0; i < n; i++) this.dimAttr[i] = selected && !selected[i] ? 1 : 0;
    this.markDirty('dimmed');
    this.requestRender();
  }

  setStyle(style: PointStyle): void {
    const u = this.material.uniforms;
    u.uSize.value = style.pointSize;
    u.uOpacity.value = style.opacity;
    this.fog = style.fog;
    this.applyFog();
    // Translucent points blend; they must not hide what is behind them in the depth buffer.
    const translucent = style.opacity < 0.999;
    this.material.transparent = translucent;
    this.material.depthWrite = !translucent;
    this.material.needsUpdate = true;
    this.requestRender();
  }

  /** The current view as a PNG data URL (renders first, so no preserved drawing buffer is needed). */
  snapshotPNG(): string {
    this.renderer.render(this.scene, this.camera);
    return this.renderer.domElement.toDataURL('image/png');
  }

  /** The drawn points' geometry and state, computed exactly as the vertex shader does (see VERTEX_SHADER). */
  figureGeometry(): FigureGeometry {
    this.updateFog();
    const { screen, visible } = this.project();
    const r = this.renderer.domElement.getBoundingClientRect();
    const e = this.camera.matrixWorldInverse.elements; // the points' model matrix is the identity
    const u = this.material.uniforms;
    const size = u.uSize.value as number;
    const attenRef = u.uAttenRef.value as number;
    const fogAmount = u.uFogAmount.value as number;
    const fogRange = u.uFogRange.value as THREE.Vector2;
    const n = this.mask.length;
    const g: FigureGeometry = {
      width: r.width,
      height: r.height,
      xy: new Float32Array(n * 2),
      drawn: new Uint8Array(n),
      depth: new Float32Array(n),
      radius: new Float32Array(n),
      fog: new Float32Array(n),
      dimmed: new Uint8Array(n),
      highlight: new Uint8Array(n),
      opacity: u.uOpacity.value as number,
    };
    const p = this.positions;
    for (let i = 0; i < n; i++) {
      const x = p[i * 3],
        y = p[i * 3 + 1],
        z = p[i * 3 + 2];
      const d = -(e[2] * x + e[6] * y + e[10] * z + e[14]);
      const hl = this.highlightAttr[i];
      const dim = hl > 0.5 ? 0 : this.dimAttr[i];
      const atten = Math.min(2.2, Math.max(0.6, attenRef / Math.max(d, 1e-3)));
      const grow = hl > 1.5 ? 1.8 : hl > 0.5 ? 1.5 : 1;
      const diameter = size * atten * grow * (dim > 0.5 ? 0.75 : 1) * this.scaleAttr[i] * this.visibleAttr[i];
      const f = Math.min(1, Math.max(0, (d - fogRange.x) / (fogRange.y - fogRange.x)));
      g.xy[i * 2] = screen[i * 2] - r.left;
      g.xy[i * 2 + 1] = screen[i * 2 + 1] - r.top;
      g.drawn[i] = visible[i] && diameter > 0 ? 1 : 0;
      g.depth[i] = d;
      g.radius[i] = diameter / 2;
      g.fog[i] = fogAmount * f * f * (3 - 2 * f); // smoothstep
      g.dimmed[i] = dim > 0.5 ? 1 : 0;
      g.highlight[i] = hl;
    }
    return g;
  }

  /**
   * Benchmark hook: renders `frames` frames while orbiting, forcing each to finish (1-pixel readback),
   * and returns per-frame milliseconds.
   */
  benchFrames(frames: number): number[] {
    const gl = this.renderer.getContext();
    const px = new Uint8Array(4);
    const times: number[] = [];
    for (let f = 0; f < frames; f++) {
      const t0 = performance.now();
      this.camera.position.applyAxisAngle(new THREE.Vector3(0, 1, 0), 0.02);
      this.camera.lookAt(this.controls.target);
      this.updateFog();
      this.renderer.render(this.scene, this.camera);
      gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, px);
      times.push(performance.now() - t0);
    }
    return times;
  }

  private startTransition(animate: boolean): void {
    const n = this.mask.length;
    if (animate) {
      this.animFrom.set(this.positions);
      this.animStart = performance.now();
    } else {
      this.animStart = -1;
      this.writeTarget(1);
    }
    this.geometry.computeBoundingSphere();
    this.requestRender();
    if (n === 0) this.animStart = -1;
  }

  /** positions = lerp(animFrom, target (flattened in 2-D), k); in place. */
  private writeTarget(k: number): void {
    const n = this.mask.length;
    const p = this.positions;
    const to = this.targetPositions;
    const from = this.animFrom;
    const flat = this.twoD ? 0 : 1;
    for (let i = 0; i < n; i++) {
      const o = i * 3;
      const tz = to[o + 2] * flat;
      if (k >= 1) {
        p[o] = to[o];
        p[o + 1] = to[o + 1];
        p[o + 2] = tz;
      } else {
        p[o] = from[o] + (to[o] - from[o]) * k;
        p[o + 1] = from[o + 1] + (to[o + 1] - from[o + 1]) * k;
        p[o + 2] = from[o + 2] + (tz - from[o + 2]) * k;
      }
    }
    this.positionsVersion++;
    this.markDirty('position');
  }

  /** Advances a running transition; true while it still runs. */
  private stepTransition(): boolean {
    if (this.animStart < 0) return false;
    const t = Math.min(1, (performance.now() - this.animStart) / TRANSITION_MS);
    const k = t < 0.5 ? 4 * t * t * t : 1 - Math.pow(-2 * t + 2, 3) / 2; // ease in-out cubic
    this.writeTarget(t >= 1 ? 1 : k);
    if (t >= 1) this.animStart = -1;
    return t < 1;
  }

  private fog = true;

  /** Depth cue only in 3-D: on the flat 2-D plane every point has the same depth and would just darken. */
  private applyFog(): void {
    this.material.uniforms.uFogAmount.value = this.fog && !this.twoD ? 0.7 : 0;
  }

  /** The depth cue spans the data (unit radius) around the orbit target, whatever the zoom. */
  private updateFog(): void {
    const d = this.camera.position.distanceTo(this.controls.target);
    (this.material.uniforms.uFogRange.value as THREE.Vector2).set(d - 0.4, d + 1.1);
  }

  setColors(rgb: Float32Array): void {
    if (rgb.length !== this.colors.length) return;
    this.colors.set(rgb);
    this.markDirty('pointColor');
    this.requestRender();
  }

  /** hovered/selected are point indices or -1. */
  setHighlight(hovered: number, selected: number): void {
    this.highlightAttr.fill(0);
    if (hovered >= 0 && hovered < this.highlightAttr.length) this.highlightAttr[hovered] = 1;
    if (selected >= 0 && selected < this.highlightAttr.length) this.highlightAttr[selected] = 2;
    this.markDirty('highlight');
    this.requestRender();
  }

  get pointCount(): number {
    return this.mask.length;
  }

  /**
   * The default view of the points (where they are going, mid-transition): in 3-D along their
   * smallest principal axis with the largest horizontal, raised 20°; in 2-D straight down z.
   * Both fit the cloud into the part of the view the overlays leave free.
   */
  defaultPose(): CameraPose {
    const w = Math.max(1, this.container.clientWidth);
    const h = Math.max(1, this.container.clientHeight);
    const opts = {
      aspect: w / h,
      fovDeg: this.camera.fov,
      areas: FRAME_AREAS.map((a) => {
        const p = FRAME_POINT_PAD;
        return {
          x0: -1 + (2 * (a.left + p)) / w,
          x1: 1 - (2 * (a.right + p)) / w,
          y0: -1 + (2 * (a.bottom + p)) / h,
          y1: 1 - (2 * (a.top + p)) / h,
        };
      }),
      minDistance: this.controls.minDistance,
      maxDistance: this.controls.maxDistance,
    };
    let points = this.targetPositions;
    let mask = this.mask;
    if (this.pathVertices) {
      // Trajectory mode: frame the whole paths (epoch-0 states can lie far from the final ones).
      points = new Float32Array(this.targetPositions.length + this.pathVertices.length);
      points.set(this.targetPositions);
      points.set(this.pathVertices, this.targetPositions.length);
      mask = new Uint8Array(points.length / 3).fill(1);
      mask.set(this.mask);
    }
    return this.twoD ? topDownView(points, mask, opts) : defaultView(points, mask, opts);
  }

  /** Called around every resetCamera(), e.g. by the camera port (app/sharing/camera-port.ts): a link's camera goes on right after. */
  onCameraReset: ((phase: 'start' | 'end') => void) | null = null;

  resetCamera(): void {
    this.onCameraReset?.('start');
    try {
      this.placeDefaultPose();
    } finally {
      this.onCameraReset?.('end');
    }
  }

  private placeDefaultPose(): void {
    const pose = this.defaultPose();
    // Points keep their nominal size in the default view however near it frames the cloud
    // (the old fixed camera sat 2.7 away: attenuation 3 / 2.7 at the target).
    const distance = Math.hypot(pose.position[0] - pose.target[0], pose.position[1] - pose.target[1], pose.position[2] - pose.target[2]);
    this.material.uniforms.uAttenRef.value = (3 / 2.7) * distance;
    this.camera.up.set(...pose.up);
    this.syncControlsUp();
    this.camera.position.set(...pose.position);
    this.controls.target.set(...pose.target);
    this.camera.zoom = 1;
    this.camera.updateProjectionMatrix();
    // Drop any damped motion left from a drag, so the view lands exactly on the pose.
    const c = this.controls as unknown as { _sphericalDelta?: THREE.Spherical; _panOffset?: THREE.Vector3; _scale?: number };
    c._sphericalDelta?.set(0, 0, 0);
    c._panOffset?.set(0, 0, 0);
    if (c._scale !== undefined) c._scale = 1;
    this.controls.update();
    this.requestRender();
  }

  private readonly controlsUp = new THREE.Vector3(0, 1, 0);

  /**
   * OrbitControls orbits about the camera's up vector as it was at construction (it caches the
   * rotation into "y-up space"); re-derive that rotation whenever up changes (a data-driven
   * default view, a shared link's camera), so dragging turns the view about the screen's vertical.
   */
  private syncControlsUp(): void {
    const up = this.camera.up;
    if (up.equals(this.controlsUp)) return;
    const c = this.controls as unknown as { _quat?: THREE.Quaternion; _quatInverse?: THREE.Quaternion };
    if (!c._quat || !c._quatInverse) return;
    const u = up.clone().normalize();
    if (!(u.lengthSq() > 0.5)) return;
    c._quat.setFromUnitVectors(u, WORLD_UP);
    c._quatInverse.copy(c._quat).invert();
    this.controlsUp.copy(up);
  }

  /** Current client-pixel position of every point (buffers are reused: copy if you keep them). */
  project(): ProjectedPoints {
    this.camera.updateMatrixWorld();
    const vp = this.projectionMatrix.multiplyMatrices(this.camera.projectionMatrix, this.camera.matrixWorldInverse);
    const r = this.renderer.domElement.getBoundingClientRect();
    projectToClient(this.positions, this.mask, vp.elements, r, this.screen, this.screenVisible);
    return { screen: this.screen, visible: this.screenVisible };
  }

  pick(clientX: number, clientY: number, radiusPx = 9): number {
    return this.picker.pick(clientX, clientY, radiusPx);
  }

  requestRender(): void {
    if (this.frame || this.disposed) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      // A camera set from outside (a shared link) may bring its own up vector.
      this.syncControlsUp();
      // Damping keeps the camera moving for a few frames after the pointer stops.
      const moving = this.controls.update();
      const animating = this.stepTransition();
      this.updateFog();
      this.renderer.render(this.scene, this.camera);
      this.onRender?.();
      if (moving || animating) this.requestRender();
    });
  }

  dispose(): void {
    this.disposed = true;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.resizeObserver.disconnect();
    this.controls.dispose();
    this.geometry.dispose();
    this.material.dispose();
    this.scene.traverse((o) => {
      if (o instanceof THREE.LineSegments) {
        o.geometry.dispose();
        (o.material as THREE.Material).dispose();
      }
    });
    this.renderer.dispose();
    // Free the GL context now: browsers cap live contexts (StrictMode mounts twice in development).
    this.renderer.forceContextLoss();
    this.renderer.domElement.remove();
  }

  private resize(): void {
    const w = Math.max(1, this.container.clientWidth);
    const h = Math.max(1, this.container.clientHeight);
    this.renderer.setSize(w, h, false);
    this.camera.aspect = w / h;
    this.camera.updateProjectionMatrix();
    this.requestRender();
  }

  private markDirty(name: string): void {
    const a = this.geometry.getAttribute(name);
    if (a) a.needsUpdate = true;
  }
}

/** Faint axes through the origin: orientation cues without competing with the data. */
function makeAxes(): THREE.LineSegments {
  const L = 1.15;
  const g = new THREE.BufferGeometry();
  g.setAttribute('position', new THREE.BufferAttribute(new Float32Array([-L, 0, 0, L, 0, 0, 0, -L, 0, 0, L, 0, 0, 0, -L, 0, 0, L]), 3));
  const m = new THREE.LineBasicMaterial({ color: 0x3a4452, transparent: true, opacity: 0.6 });
  return new THREE.LineSegments(g, m);
}
