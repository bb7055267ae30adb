// @ts-check
// The recs remote: recommendations read through the host QueryClientProvider; it loads no remote itself. Built by Rspack with its built-in Module Federation plugin (the MF 2 runtime).
const path = require('node:path');
const { rspack } = require('@rspack/core');
const deps = require('./package.json').dependencies;

/** @type {import('@rspack/core').Configuration} */
module.exports = {
  mode: 'production',
  devtool: false,
  context: __dirname,
  entry: './src/index.js',
  output: { path: path.resolve(__dirname, 'dist'), publicPath: 'http://127.0.0.1:3003/', clean: true },
  resolve: { extensions: ['.js', '.jsx'] },
  module: {
    rules: [
      {
        test: /\.jsx?$/,
        exclude: /node_modules/,
        loader: 'builtin:swc-loader',
        options: { jsc: { parser: { syntax: 'ecmascript', jsx: true }, transform: { react: { runtime: 'automatic' } } } },
      },
    ],
  },
  plugins: [
    new rspack.HtmlRspackPlugin({ template: './index.html' }),
    new rspack.container.ModuleFederationPlugin({
      name: 'recs',
      filename: 'remoteEntry.js',
      manifest: true,
      // Remotes load on demand. With 'version-first' (the default) every remote entry is fetched while
      // the share scope is initialised, and one unreachable manifest fails that initialisation for the
      // whole page (RUNTIME-003 inside RUNTIME-015), before any fallback can answer.
      shareStrategy: 'loaded-first',
      exposes: {
        './Recommendations': './src/Recommendations.jsx',
      },
      shared: {
        react: { singleton: true, requiredVersion: deps.react, strictVersion: true },
        'react/jsx-runtime': { singleton: true, requiredVersion: deps.react, strictVersion: true },
        'react-dom': { singleton: true, requiredVersion: deps['react-dom'], strictVersion: true },
        'react-dom/client': { singleton: true, requiredVersion: deps['react-dom'], strictVersion: true },
        '@tanstack/react-query': { singleton: true, requiredVersion: deps['@tanstack/react-query'] },
      },
    }),
  ],
};
