using System;
using System.Runtime.InteropServices;
using Ohem.Cuda.Interop;

namespace Ohem.Cuda
{
    public sealed unsafe partial class CudaOhemEngine
    {
        /// <inheritdoc/>
        public override OhemResult Forward<TLogit, TLabel>(ReadOnlySpan<TLogit> logits, ReadOnlySpan<TLabel> labels, OhemShape shape)
        {
            lock (gate)
            {
                var (logitsView, labelsView) = Upload(logits, labels, shape);
                EnqueueForwardCore(logitsView, labelsView, shape, IntPtr.Zero);
                return ReadResultCore(IntPtr.Zero);
            }
        }

        /// <inheritdoc/>
        public override void Backward<TLogit, TLabel>(ReadOnlySpan<TLogit> logits, ReadOnlySpan<TLabel> labels, OhemShape shape, Span<float> gradient, float upstream = 1f)
        {
            lock (gate)
            {
                var (logitsView, labelsView) = Upload(logits, labels, shape);
                CudaInputValidation.Length(nameof(gradient), gradient.Length, shape.Logits, shape, "N·C·H·W");
                var gradientView = Grow(ref stagingGradient, shape.Logits * sizeof(float)).View(shape.Logits, OhemElementType.Float32);
                float value = upstream;
                CudaDriver.Check(CudaDriver.cuMemcpyHtoD(this.upstream.Address, &value, sizeof(float)), "cuMemcpyHtoD");
                EnqueueBackwardCore(logitsView, labelsView, shape, gradientView, this.upstream.Address, IntPtr.Zero);
                fixed (float* destination = gradient)
                {
                    CudaDriver.Check(CudaDriver.cuMemcpyDtoH(destination, gradientView.Address, (nuint)(gradient.Length * sizeof(float))), "cuMemcpyDtoH");
                }
            }
        }

        private (OhemDeviceView Logits, OhemDeviceView Labels) Upload<TLogit, TLabel>(ReadOnlySpan<TLogit> logits, ReadOnlySpan<TLabel> labels, OhemShape shape)
            where TLogit : unmanaged
            where TLabel : unmanaged
        {
            shape.Validate(nameof(shape));
            if (Spec.HasFixedClassCount && Spec.NumClasses != shape.C)
            {
                throw Cpu.CpuOhemErrors.ClassCount(shape, Spec.NumClasses);
            }

            CudaInputValidation.HostTypes<TLogit, TLabel>(Spec);
            CudaInputValidation.Inputs(
                Spec, shape, OhemElementTypes.Of(Spec.Logits), logits.Length, OhemElementTypes.Of(Spec.Labels), labels.Length);
            Enter();
            long logitBytes = (long)logits.Length * sizeof(TLogit);
            long labelBytes = (long)labels.Length * sizeof(TLabel);
            var logitsBuffer = Grow(ref stagingLogits, logitBytes);
            var labelsBuffer = Grow(ref stagingLabels, labelBytes);
            fixed (TLogit* source = logits)
            {
                CudaDriver.Check(CudaDriver.cuMemcpyHtoD(logitsBuffer.Address, source, (nuint)logitBytes), "cuMemcpyHtoD");
            }

            fixed (TLabel* source = labels)
            {
                CudaDriver.Check(CudaDriver.cuMemcpyHtoD(labelsBuffer.Address, source, (nuint)labelBytes), "cuMemcpyHtoD");
            }

            return (
                logitsBuffer.View(logits.Length, OhemElementTypes.Of(Spec.Logits)),
                labelsBuffer.View(labels.Length, OhemElementTypes.Of(Spec.Labels)));
        }
    }
}
