// Background blur in the browser the way Jitsi Meet's web client does it,
// for the benchmark's "chromium-blur" form: the camera goes through
// MediaPipe's ImageSegmenter (npm @mediapipe/tasks-vision, WASM on the
// CPU), a canvas at 640×480 composites the sharp person over the blurred
// room, and the page publishes canvas.captureStream(30) instead of the
// camera. It wraps getUserMedia, so janus-demos' VideoRoom page runs
// unchanged on top of it. Everything is served from loopback.
//
// window.blurBench counts what it did, for the harness: masks computed,
// frames composited, and the first error.
import {FilesetResolver, ImageSegmenter} from './blur/tasks-vision/vision_bundle.mjs';

const W = 640, H = 480, FPS = 30;
window.blurBench = {ready: false, masks: 0, frames: 0, error: null};

const segmenter = (async () => {
  const fileset = await FilesetResolver.forVisionTasks(new URL('blur/tasks-vision/wasm', location.href).href);
  const s = await ImageSegmenter.createFromOptions(fileset, {
    baseOptions: {modelAssetPath: new URL('blur/model.tflite', location.href).href, delegate: 'CPU'},
    runningMode: 'VIDEO', outputConfidenceMasks: true, outputCategoryMask: false,
  });
  window.blurBench.ready = true;
  return s;
})();
segmenter.catch(e => { window.blurBench.error = String(e && e.stack || e); });

// A worker's timer, as Jitsi uses: it keeps its pace where a page's own
// timers are throttled (hidden or headless pages).
function ticker(fn) {
  const src = `setInterval(() => postMessage(0), ${1000 / FPS});`;
  const w = new Worker(URL.createObjectURL(new Blob([src], {type: 'text/javascript'})));
  w.onmessage = fn;
  return w;
}

// blurred returns a stream whose picture is cam's, blurred behind the
// person, and whose sound is cam's own.
function blurred(cam, seg) {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = cam;
  video.play();
  const out = document.createElement('canvas');
  out.width = W; out.height = H;
  const ctx = out.getContext('2d');
  const maskCanvas = document.createElement('canvas');
  let maskCtx = null, maskData = null;
  let last = -1;
  const tick = ticker(() => {
    if (video.readyState < 2) return;
    // Ticks that queued up while the page was busy are dropped, not
    // run in a burst: at most one picture per frame interval.
    const now = performance.now();
    if (now - last < 0.8 * 1000 / FPS) return;
    last = now;
    try {
      seg.segmentForVideo(video, now, result => {
        const m = result.confidenceMasks[0];
        if (!maskData || maskData.width !== m.width || maskData.height !== m.height) {
          maskCanvas.width = m.width; maskCanvas.height = m.height;
          maskCtx = maskCanvas.getContext('2d');
          maskData = maskCtx.createImageData(m.width, m.height);
        }
        const p = m.getAsFloat32Array(), d = maskData.data;
        for (let i = 0; i < p.length; i++) d[i * 4 + 3] = p[i] * 255;
        maskCtx.putImageData(maskData, 0, 0);
        window.blurBench.masks++;
      });
    } catch (e) {
      window.blurBench.error = window.blurBench.error || String(e);
      return;
    }
    // Jitsi's compositing: the softened mask, the person through it, the
    // blurred picture behind.
    ctx.globalCompositeOperation = 'copy';
    ctx.filter = 'blur(8px)';
    ctx.drawImage(maskCanvas, 0, 0, W, H);
    ctx.globalCompositeOperation = 'source-in';
    ctx.filter = 'none';
    ctx.drawImage(video, 0, 0, W, H);
    ctx.globalCompositeOperation = 'destination-over';
    ctx.filter = 'blur(25px)';
    ctx.drawImage(video, 0, 0, W, H);
    window.blurBench.frames++;
  });
  const stream = new MediaStream([out.captureStream(FPS).getVideoTracks()[0], ...cam.getAudioTracks()]);
  stream.getVideoTracks()[0].addEventListener('ended', () => { tick.terminate(); cam.getTracks().forEach(t => t.stop()); });
  return stream;
}

const cameraOnly = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = async constraints => {
  const cam = await cameraOnly(constraints);
  if (cam.getVideoTracks().length === 0) return cam;
  return blurred(cam, await segmenter);
};
