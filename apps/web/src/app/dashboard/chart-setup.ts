import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

// Loaded by dynamic import only (see CHART_LOADER): Chart.js stays out of the initial bundle
// and is fetched after the dashboard's figures are on screen.

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface StackedBarData {
  labels: string[];
  series: Array<{ label: string; color: string; data: number[] }>;
  /** BCP 47 tag for the axis numbers. */
  locale: string;
}

export interface StackedBarChart {
  update(data: StackedBarData): void;
  destroy(): void;
}

/** Long category names wrapped onto several lines, so a phone-width chart keeps its bars. */
function wrap(label: string, width = 22): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) {
    lines.push(line);
  }
  return lines;
}

function toChartData(data: StackedBarData) {
  return {
    labels: data.labels.map((l) => wrap(l)),
    datasets: data.series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.color, borderWidth: 0 })),
  };
}

export function renderStackedBars(canvas: HTMLCanvasElement, data: StackedBarData): StackedBarChart {
  const reducedMotion = canvas.ownerDocument.defaultView?.matchMedia('(prefers-reduced-motion: reduce)').matches;
  const chart = new Chart(canvas, {
    type: 'bar',
    data: toChartData(data),
    options: {
      indexAxis: 'y',
      responsive: true,
      maintainAspectRatio: false,
      locale: data.locale,
      animation: reducedMotion ? false : undefined,
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        y: { stacked: true, ticks: { autoSkip: false } },
      },
      plugins: { legend: { position: 'bottom' } },
    },
  });
  return {
    update(next) {
      chart.data = toChartData(next);
      chart.options.locale = next.locale;
      chart.update();
    },
    destroy() {
      chart.destroy();
    },
  };
}
