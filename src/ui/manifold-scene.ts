// The three.js manifold view: one THREE.Points draw call with typed-array attributes
// updated in place, a circular point sprite drawn in the fragment shader, orbit controls,
// render-on-demand, and screen-space picking (see picking.ts).
import * as THREE from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { nearestPoint, projectToClient } from './picking';

const VERTEX_SHADER = /* glsl */ `
  attribute vec3 pointColor;
  attribute float pointVisible;
  attribute float highlight;
  uniform float uPixelRatio;
  uniform float uSize;
  varying vec3 vColor;
  varying float vVisible;
  varying float vHighlight;
  void main() {
    vColor = pointColor;
    vVisible = pointVisible;
    vHighlight = highlight;
    vec4 mv = modelViewMatrix * vec4(position, 1.0);
    gl_Position = projectionMatrix * mv;
    // Mild perspective attenuation, clamped so points stay pickable at any zoom.
    float atten = clamp(3.0 / max(-mv.z, 1e-3), 0.6, 2.2);
    float grow = highlight > 1.5 ? 1.8 : (highlight > 0.5 ? 1.5 : 1.0);
    gl_PointSize = uSize * uPixelRatio * atten * grow * pointVisible;
  }
`;

const FRAGMENT_SHADER = /* glsl */ `
  varying vec3 vColor;
  varying float vVisible;
  varying float vHighlight;
  void main() {
    if (vVisible < 0.5) discard;
    vec2 p = gl_PointCoord * 2.0 - 1.0;
    float r = length(p);
    if (r > 1.0) discard;
    // Dark rim separates overlapping points; hovered/selected get a light ring.
    vec3 rim = vHighlight > 0.5 ? vec3(1.0) : vec3(0.05, 0.06, 0.08);
    float rimWidth = vHighlight > 0.5 ? 0.32 : 0.16;
    float t = smoothstep(1.0 - rimWidth - 0.08, 1.0 - rimWidth, r);
    gl_FragColor = vec4(mix(vColor, rim, t), 1.0);
  }
`;

export interface ProjectedPoints {
  screen: Float32Array;
  visible: Uint8Array;
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
  private screen = new Float32Array(0);
  private screenVisible = new Uint8Array(0);
  private frame = 0;
  private disposed = false;
  /** Called after every rendered frame (e.g. to move an overlay that follows a point). */
  onRender: (() => void) | null = null;

  constructor(private readonly container: HTMLElement) {
    this.renderer = new THREE.WebGLRenderer({ antialias: true, alpha: false });
    this.renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    this.renderer.setClearColor(0x0d1117, 1);
    this.renderer.domElement.style.display = 'block';
    this.renderer.domElement.style.width = '100%';
    this.renderer.domElement.style.height = '100%';
    container.appendChild(this.renderer.domElement);

    this.camera = new THREE.PerspectiveCamera(45, 1, 0.01, 100);
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
      uniforms: { uPixelRatio: { value: this.renderer.getPixelRatio() }, uSize: { value: 13 } },
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

  /** Sets point positions (3N, already normalised) and the drawn mask; reuses buffers when N is unchanged. */
  setPoints(positions: Float32Array, mask: Uint8Array): void {
    const n = mask.length;
    if (n !== this.mask.length) {
      this.positions = new Float32Array(n * 3);
      this.colors = new Float32Array(n * 3);
      this.visibleAttr = new Float32Array(n);
      this.highlightAttr = new Float32Array(n);
      this.mask = new Uint8Array(n);
      this.screen = new Float32Array(n * 2);
      this.screenVisible = new Uint8Array(n);
      this.geometry.setAttribute('position', new THREE.BufferAttribute(this.positions, 3));
      this.geometry.setAttribute('pointColor', new THREE.BufferAttribute(this.colors, 3));
      this.geometry.setAttribute('pointVisible', new THREE.BufferAttribute(this.visibleAttr, 1));
      this.geometry.setAttribute('highlight', new THREE.BufferAttribute(this.highlightAttr, 1));
    }
    this.positions.set(positions);
    this.mask.set(mask);
    for (let i = 0; i < n; i++) this.visibleAttr[i] = mask[i];
    this.markDirty('position');
    this.markDirty('pointVisible');
    this.geometry.computeBoundingSphere();
    this.requestRender();
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

  resetCamera(): void {
    this.camera.position.set(1.55, 1.05, 1.95);
    this.controls.target.set(0, 0, 0);
    this.controls.update();
    this.requestRender();
  }

  /** Current client-pixel position of every point (buffers are reused: copy if you keep them). */
  project(): ProjectedPoints {
    this.camera.updateMatrixWorld();
    const vp = new THREE.Matrix4().multiplyMatrices(this.camera.projectionMatrix, this.camera.matrixWorldInverse);
    const r = this.renderer.domElement.getBoundingClientRect();
    projectToClient(this.positions, this.mask, vp.elements, r, this.screen, this.screenVisible);
    return { screen: this.screen, visible: this.screenVisible };
  }

  pick(clientX: number, clientY: number, radiusPx = 9): number {
    const { screen, visible } = this.project();
    return nearestPoint(screen, visible, clientX, clientY, radiusPx);
  }

  requestRender(): void {
    if (this.frame || this.disposed) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      // Damping keeps the camera moving for a few frames after the pointer stops.
      const moving = this.controls.update();
      this.renderer.render(this.scene, this.camera);
      this.onRender?.();
      if (moving) this.requestRender();
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
