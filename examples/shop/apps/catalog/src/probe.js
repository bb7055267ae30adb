// Registers the library objects this app really imported (see @shop/probe).
import React from 'react';
import { QueryClient } from '@tanstack/react-query';
import { configureStore } from '@reduxjs/toolkit';
import { probeLibraries } from '@shop/probe';

probeLibraries('catalog', { react: React, '@tanstack/react-query': QueryClient, '@reduxjs/toolkit': configureStore });
