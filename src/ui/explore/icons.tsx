// Small line icons for the manifold's tool rail and view card (16×16, currentColor).
const PATHS = {
  orbit: (
    <>
      <ellipse cx="8" cy="8" rx="6.6" ry="2.9" transform="rotate(-28 8 8)" />
      <circle cx="8" cy="8" r="1.7" fill="currentColor" stroke="none" />
      <path d="M12.9 3.2l.9 1.5-1.7.3" />
    </>
  ),
  lasso: (
    <>
      <path d="M8 2.8c3.1 0 5.3 1.5 5.3 3.5S11.1 9.8 8 9.8 2.7 8.3 2.7 6.3 4.9 2.8 8 2.8z" strokeDasharray="2.4 1.6" />
      <path d="M4.6 9.2c-.9 1.2-.7 2.6.4 3.2.9.5 1.1 1.3.6 2" />
    </>
  ),
  box: <rect x="2.5" y="3.5" width="11" height="9" rx="1" strokeDasharray="2.4 1.6" />,
  twoD: (
    <>
      <path d="M2.8 2.5v10.7h10.7" />
      <circle cx="6.5" cy="9" r="1.1" fill="currentColor" stroke="none" />
      <circle cx="9.5" cy="6.5" r="1.1" fill="currentColor" stroke="none" />
      <circle cx="11.8" cy="9.8" r="1.1" fill="currentColor" stroke="none" />
    </>
  ),
  fit: <path d="M2.5 6V2.5H6M10 2.5h3.5V6M13.5 10v3.5H10M6 13.5H2.5V10" />,
  pointSize: (
    <>
      <circle cx="4.2" cy="10" r="1.6" fill="currentColor" stroke="none" />
      <circle cx="10.6" cy="8" r="3.6" fill="currentColor" stroke="none" />
    </>
  ),
  opacity: (
    <>
      <circle cx="8" cy="8" r="5.2" />
      <path d="M8 2.8a5.2 5.2 0 0 1 0 10.4z" fill="currentColor" stroke="none" />
    </>
  ),
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 16 }: { name: IconName; size?: number }) {
  return (
    <svg
      className="icon"
      width={size}
      height={size}
      viewBox="0 0 16 16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {PATHS[name]}
    </svg>
  );
}
