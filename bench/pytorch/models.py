"""The six benchmark configurations of bench/models.mjs built in PyTorch, layer
for layer: same shapes, TensorFlow's 'same' padding (asymmetric where tfjs
pads only after), same activations and parameter counts, same batch shapes;
and the selective-distillation loss with the loss-compare gate as
docs/algorithm.md defines it. Torch only; the layout is PyTorch's own NCHW.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


def same_padding(size, kernel, stride):
    """TensorFlow's 'same' padding of one axis: (before, after), the odd pixel after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class SameConv2d(nn.Module):
    """tfl.layers.conv2d with padding 'same' on an input of known size."""

    def __init__(self, cin, cout, kernel, stride, size, relu=True):
        super().__init__()
        (top, bottom), (left, right) = (same_padding(n, kernel, s) for n, s in zip(size, stride))
        symmetric = top == bottom and left == right
        self.pad = None if symmetric else (left, right, top, bottom)
        self.conv = nn.Conv2d(cin, cout, kernel, stride, padding=(top, left) if symmetric else 0)
        self.relu = relu

    def forward(self, x):
        if self.pad:
            x = F.pad(x, self.pad)
        x = self.conv(x)
        return F.relu(x) if self.relu else x


class SameConvTranspose2d(nn.Module):
    """tfl.layers.conv2dTranspose, stride 2, padding 'same': the full transposed
    conv cropped to twice the input, the odd row and column dropped at the end."""

    def __init__(self, cin, cout, kernel, relu=True):
        super().__init__()
        self.conv = nn.ConvTranspose2d(cin, cout, kernel, 2)
        self.crop = (kernel - 2) // 2
        self.relu = relu

    def forward(self, x):
        height, width = x.shape[-2] * 2, x.shape[-1] * 2
        x = self.conv(x)[..., self.crop : self.crop + height, self.crop : self.crop + width]
        return F.relu(x) if self.relu else x


class SameConv1d(nn.Module):
    """tfl.layers.conv1d (stride 1, odd kernel, padding 'same') on [B, T, C] rows."""

    def __init__(self, cin, cout, kernel, relu=True):
        super().__init__()
        self.conv = nn.Conv1d(cin, cout, kernel, padding=kernel // 2)
        self.relu = relu

    def forward(self, x):
        x = self.conv(x.transpose(1, 2)).transpose(1, 2)
        return F.relu(x) if self.relu else x


# ---- the examples' models (examples/*/src/models.ts) -------------------------

MOSAIC = 56
MOSAIC_CLASSES = 11


class PixelStudent(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
            SameConv2d(1, 8, 3, (2, 2), (56, 56)),
            SameConv2d(8, 16, 3, (2, 2), (28, 28)),
            SameConv2d(16, 16, 3, (1, 1), (14, 14)),
            SameConvTranspose2d(16, 8, 3),
            SameConv2d(8, MOSAIC_CLASSES, 1, (1, 1), (28, 28), relu=False),
        )

    def forward(self, x):
        # 28×28 logits resized to the 56×56 label grid as the pixel plugin does (half-pixel centres).
        return F.interpolate(self.layers(x), size=(MOSAIC, MOSAIC), mode='bilinear', align_corners=False)


class PixelTeacher(nn.Module):
    def __init__(self):
        super().__init__()
        self.full = SameConv2d(1, 16, 3, (1, 1), (56, 56))
        self.down = nn.Sequential(
            SameConv2d(16, 32, 3, (2, 2), (56, 56)),
            SameConv2d(32, 48, 3, (2, 2), (28, 28)),
            SameConv2d(48, 48, 3, (1, 1), (14, 14)),
            SameConvTranspose2d(48, 32, 3),
            SameConvTranspose2d(32, 16, 3),
        )
        self.merge = SameConv2d(32, 16, 3, (1, 1), (56, 56))
        self.logits = SameConv2d(16, MOSAIC_CLASSES, 1, (1, 1), (56, 56), relu=False)

    def forward(self, x):
        full = self.full(x)
        return self.logits(self.merge(torch.cat([self.down(full), full], 1)))


TEXT_LENGTH = 40
TEXT_PER_TOKEN = 3
TEXT_TAGS = 12
TEXT_INPUT_DIM = 24640 + 3091 + 7


class Tagger(nn.Module):
    """Word, suffix and shape embeddings concatenated per token, same-length conv1d layers, per-token dense."""

    def __init__(self, input_dim, embedding, filters, kernel=3, classes=TEXT_TAGS):
        super().__init__()
        self.embedding = nn.Embedding(input_dim, embedding)
        widths = [TEXT_PER_TOKEN * embedding, *filters]
        self.convs = nn.Sequential(*(SameConv1d(a, b, kernel) for a, b in zip(widths, widths[1:])))
        self.dense = nn.Linear(widths[-1], classes)

    def forward(self, ids):
        batch, length, per_token = ids.shape
        x = self.embedding(ids).reshape(batch, length, per_token * self.embedding.embedding_dim)
        return self.dense(self.convs(x))


AUDIO_FRAMES, AUDIO_CONTEXT, AUDIO_BINS, KEYS = 64, 4, 128, 88


class FrameHead(nn.Module):
    """Drops the context rows, flattens each frame's (width, channel) maps as tfjs does, then dense layers."""

    def __init__(self, features, hidden=None):
        super().__init__()
        self.hidden = nn.Linear(features, hidden) if hidden else None
        self.keys = nn.Linear(hidden or features, KEYS)

    def forward(self, x):
        x = x[:, :, AUDIO_CONTEXT : AUDIO_CONTEXT + AUDIO_FRAMES]
        x = x.permute(0, 2, 3, 1).reshape(x.shape[0], AUDIO_FRAMES, -1)
        if self.hidden is not None:
            x = F.relu(self.hidden(x))
        return self.keys(x)


class AudioStudent(nn.Module):
    def __init__(self):
        super().__init__()
        rows = AUDIO_FRAMES + 2 * AUDIO_CONTEXT
        self.conv = SameConv2d(1, 8, 3, (1, 2), (rows, AUDIO_BINS))
        self.head = FrameHead(8 * AUDIO_BINS // 2)

    def forward(self, x):
        return self.head(self.conv(x))


class AudioTeacher(nn.Module):
    def __init__(self):
        super().__init__()
        rows = AUDIO_FRAMES + 2 * AUDIO_CONTEXT
        self.convs = nn.Sequential(
            SameConv2d(1, 16, 3, (1, 2), (rows, AUDIO_BINS)),
            SameConv2d(16, 24, 3, (1, 2), (rows, AUDIO_BINS // 2)),
            SameConv2d(24, 32, 3, (1, 2), (rows, AUDIO_BINS // 4)),
        )
        self.head = FrameHead(32 * AUDIO_BINS // 8, hidden=256)

    def forward(self, x):
        return self.head(self.convs(x))


# ---- bench/models.mjs's own three students (teacher = a copy) ----------------


class ConvSegmentation(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.Sequential(
            SameConv2d(1, 16, 3, (2, 2), (64, 64)),
            SameConv2d(16, 32, 3, (2, 2), (32, 32)),
            SameConv2d(32, 32, 3, (1, 1), (16, 16)),
            SameConvTranspose2d(32, 16, 3),
            SameConvTranspose2d(16, 11, 3, relu=False),
        )

    def forward(self, x):
        return self.layers(x)


class TokenTagger(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(5000, 64)
        self.conv = SameConv1d(64, 64, 3)
        self.dense = nn.Linear(64, 12)

    def forward(self, ids):
        return self.dense(self.conv(self.embedding(ids)))


class FrameTranscriber(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = SameConv1d(229, 64, 5)
        self.dense = nn.Linear(64, 88)

    def forward(self, x):
        return self.dense(self.conv(x))


# ---- batches -----------------------------------------------------------------


def text_row_length(row, length):
    """The bench's fixed spread of sentence lengths (bench/models.mjs textRowLength)."""
    return 1 + (row * 13 + 7) % length


def _pixel_batch(g, batch, size, classes):
    return (
        torch.rand(batch, 1, size, size, generator=g),
        torch.randint(0, classes, (batch, size, size), generator=g),
        torch.ones(batch, size, size),
    )


def _text_batch(g, batch, length, input_dim, classes):
    valid = torch.tensor([[1.0 if t < text_row_length(r, length) else 0.0 for t in range(length)] for r in range(batch)])
    ids = torch.randint(1, input_dim, (batch, length, TEXT_PER_TOKEN), generator=g) * valid.long().unsqueeze(-1)
    labels = torch.randint(0, classes, (batch, length), generator=g) * valid.long()
    return ids, labels, valid


def _frames_batch(g, batch, frames, inputs_shape):
    return (
        torch.randn(batch, *inputs_shape, generator=g),
        (torch.rand(batch, frames, KEYS, generator=g) > 0.95).float(),
        torch.ones(batch, frames),
    )


# kind: 'softmax' (class-index units) or 'sigmoid' (multi-label units, summed over keys);
# class_dim: where the classes sit in the logits (1 for NCHW pixel logits, -1 otherwise).
CONFIGS = {
    'pixel-example': dict(
        student=PixelStudent, teacher=PixelTeacher, kind='softmax', class_dim=1, temperature=2, learning_rate=3e-3,
        batch=lambda g: _pixel_batch(g, 16, MOSAIC, MOSAIC_CLASSES)),
    'text-example': dict(
        student=lambda: Tagger(TEXT_INPUT_DIM, 8, [16]), teacher=lambda: Tagger(TEXT_INPUT_DIM, 48, [128, 128]),
        kind='softmax', class_dim=-1, temperature=2, learning_rate=5e-3,
        batch=lambda g: _text_batch(g, 32, TEXT_LENGTH, TEXT_INPUT_DIM, TEXT_TAGS)),
    'audio-example': dict(
        student=AudioStudent, teacher=AudioTeacher, kind='sigmoid', class_dim=-1, temperature=2, learning_rate=3e-3,
        batch=lambda g: _frames_batch(g, 16, AUDIO_FRAMES, (1, AUDIO_FRAMES + 2 * AUDIO_CONTEXT, AUDIO_BINS))),
    'conv-segmentation': dict(
        student=ConvSegmentation, teacher=ConvSegmentation, kind='softmax', class_dim=1, temperature=1,
        learning_rate=1e-3, batch=lambda g: _pixel_batch(g, 8, 64, 11)),
    'token-tagger': dict(
        student=TokenTagger, teacher=TokenTagger, kind='softmax', class_dim=-1, temperature=1, learning_rate=1e-3,
        batch=lambda g: (torch.randint(0, 5000, (16, 32), generator=g), torch.randint(0, 12, (16, 32), generator=g),
                         torch.ones(16, 32))),
    'frame-transcriber': dict(
        student=FrameTranscriber, teacher=FrameTranscriber, kind='sigmoid', class_dim=-1, temperature=1,
        learning_rate=1e-3, batch=lambda g: _frames_batch(g, 16, 64, (64, 229))),
}


def count_params(model):
    return sum(p.numel() for p in model.parameters())


# ---- loading tfjs weights (for bench/pytorch/check-parity.py) ---------------


def load_tfjs_weights(model, arrays):
    """Copies tfjs `model.getWeights()` (layer order, kernel then bias) into the
    model's layers, which are registered in the tfjs layer order."""
    arrays = iter(arrays)
    for module in model.modules():
        if isinstance(module, (nn.Conv2d, nn.ConvTranspose2d)):
            # tfjs conv2d [kh, kw, in, out] → [out, in, kh, kw]; conv2dTranspose [kh, kw, out, in] → [in, out, kh, kw]
            _copy(module.weight, next(arrays).permute(3, 2, 0, 1))
        elif isinstance(module, nn.Conv1d):
            _copy(module.weight, next(arrays).permute(2, 1, 0))
        elif isinstance(module, nn.Linear):
            _copy(module.weight, next(arrays).t())
        elif isinstance(module, nn.Embedding):
            _copy(module.weight, next(arrays))
            continue
        else:
            continue
        _copy(module.bias, next(arrays))
    if next(arrays, None) is not None:
        raise ValueError('tfjs gave more weight tensors than the PyTorch model has')


def _copy(param, value):
    if tuple(param.shape) != tuple(value.shape):
        raise ValueError(f'weight shape {tuple(value.shape)} from tfjs does not fit {tuple(param.shape)}')
    with torch.no_grad():
        param.copy_(value)
